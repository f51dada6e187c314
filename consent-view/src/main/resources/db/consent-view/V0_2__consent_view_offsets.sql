-- Where the view has read the consent topic up to: the next offset per partition, written in the same
-- transaction as the view changes it records, so that after a crash the view resumes exactly where its
-- last committed change left off (no consumer group, no committed offsets on the broker).
CREATE TABLE consent_view_offset (
    topic           VARCHAR(249) NOT NULL,
    kafka_partition INTEGER      NOT NULL,
    next_offset     BIGINT       NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (topic, kafka_partition)
);
