package dev.personalization.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * RSA key pairs generated on first use into a folder git ignores: never committed, never shared
 * between machines. {@code jwt-*} signs and verifies access tokens; {@code receipt-*} signs consent receipts;
 * {@code events-*} signs the consent events consent-service publishes (./suite gives it the kid
 * {@code dev-events}, under which the consent views trust its public half).
 */
public final class DevKeys {

    private final Path dir;

    public DevKeys(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    public Path dir() {
        return dir;
    }

    public Path privateKey(String name) {
        return dir.resolve(name + "-private.pem");
    }

    public Path publicKey(String name) {
        return dir.resolve(name + "-public.pem");
    }

    /** Generates the named key pair unless both files exist already. */
    public synchronized DevKeys ensure(String... names) {
        for (String name : names) {
            if (Files.exists(privateKey(name)) && Files.exists(publicKey(name))) {
                continue;
            }
            try {
                Files.createDirectories(dir);
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                Path privateTmp = Files.createTempFile(dir, name, ".tmp");
                restrictToOwner(privateTmp);
                Files.writeString(privateTmp, pem("PRIVATE", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
                Path publicTmp = Files.createTempFile(dir, name, ".tmp");
                Files.writeString(publicTmp, pem("PUBLIC", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
                Files.move(publicTmp, publicKey(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                Files.move(privateTmp, privateKey(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return this;
    }

    public PrivateKey loadPrivate(String name) {
        try {
            String pem = Files.readString(privateKey(name), StandardCharsets.US_ASCII);
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM text for a DER key; {@code kind} is PRIVATE (PKCS#8) or PUBLIC (X.509). */
    private static String pem(String kind, byte[] der) {
        String type = kind + " KEY";
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own permissions have to do
        }
    }
}
