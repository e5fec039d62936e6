-- Which finding an incident's title describes (issue 11): the most significant of its findings (the more severe,
-- then more lines, then the earlier), so an error burst that joins an incident a warning opened retitles it.
-- Incidents stored before this were titled after their first finding, which is what they keep until a finding joins.
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS title_finding_id text;
UPDATE incidents SET title_finding_id = (
    SELECT id FROM findings WHERE findings.incident_id = incidents.id ORDER BY window_start, id LIMIT 1);
