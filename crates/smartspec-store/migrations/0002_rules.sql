-- smartspec store, schema version 2: the rules of the records.
-- Before this runs, the store checks that the database holds no record the
-- new unique keys would refuse (two applications of one region to one call,
-- a region twice a member of one partnership, two priorities of one region
-- with one title) and refuses to open it with the list when it does.

-- Applications: the screening figures leave the body for a column only the
-- server writes; the last move's outcome and reason are kept beside the status.
ALTER TABLE applications ADD COLUMN screening TEXT CHECK (screening IS NULL OR json_valid(screening));
ALTER TABLE applications ADD COLUMN outcome TEXT;
ALTER TABLE applications ADD COLUMN reason TEXT;
-- figures a client wrote before version 2 are kept, marked as unverified
UPDATE applications
   SET screening = json_set(json_extract(data, '$.screening'), '$.attached_by',
                            'client, before schema version 2 (unverified)')
 WHERE json_type(data, '$.screening') = 'object';
UPDATE applications SET data = json_remove(data, '$.screening')
 WHERE json_type(data, '$.screening') IS NOT NULL;
CREATE UNIQUE INDEX applications_one_per_call ON applications(call_id, region);

-- One membership per region and partnership.
CREATE UNIQUE INDEX members_once ON partnership_members(partnership_id, region);

-- A priority's natural key: its region and title (what `priorities import`
-- matches a re-imported row on).
CREATE UNIQUE INDEX priorities_key ON priorities(region, json_extract(data, '$.title'));

-- Accounts: disabled users keep their history; tokens may expire.
ALTER TABLE users ADD COLUMN disabled_at TEXT;
ALTER TABLE tokens ADD COLUMN expires_at TEXT;
