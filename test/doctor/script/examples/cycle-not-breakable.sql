-- A cycle with no way out: both references are NOT NULL and NOT DEFERRABLE. Only
-- --allow-schema-changes can load it (one constraint deferrable for the load, restored after).
CREATE TABLE teams (id integer PRIMARY KEY, captain_id integer NOT NULL);
CREATE TABLE players (id integer PRIMARY KEY, team_id integer NOT NULL REFERENCES teams (id));
ALTER TABLE teams ADD CONSTRAINT teams_captain_id_fkey FOREIGN KEY (captain_id) REFERENCES players (id);
BEGIN;
INSERT INTO players VALUES (1, 10), (2, 10);
INSERT INTO teams VALUES (10, 1);
COMMIT;
