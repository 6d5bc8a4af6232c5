-- 016: anchored scales (锚定量表) on a review form's criteria: the levels an expert chooses from,
-- best first, each with its points — a JSON array of {"level", "points"}, empty for a criterion
-- scored from 0 to its points. The rules are in src/atlas/rounds/review_form.h.
ALTER TABLE review_criterion ADD COLUMN anchors TEXT NOT NULL DEFAULT '[]';
