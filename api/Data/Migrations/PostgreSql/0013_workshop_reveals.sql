-- The nodes whose room distribution the facilitator has revealed to the delegates (each delegate sees it once they
-- have answered the node). Kept in the database so every API node, and a restarted one, shows the same.
CREATE TABLE workshop_reveals (
    workshop_id VARCHAR(36) NOT NULL REFERENCES workshops (id),
    case_id     VARCHAR(60) NOT NULL,
    node_id     VARCHAR(60) NOT NULL,
    revealed_at VARCHAR(40) NOT NULL,
    PRIMARY KEY (workshop_id, case_id, node_id)
);
