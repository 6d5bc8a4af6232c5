-- 017: an application's figures by year. The JQ01 form an application files gives several years,
-- and the round's indicator system reads growth and three-year means over them as it does a
-- cluster's; figures stored before (one year, unstated) are the round's year.
CREATE TABLE application_figure_by_year (
  application_id INTEGER NOT NULL REFERENCES application (id),
  year INTEGER NOT NULL,
  field TEXT NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (application_id, year, field)
);
INSERT INTO application_figure_by_year (application_id, year, field, value)
  SELECT f.application_id, r.year, f.field, f.value
  FROM application_figure f
  JOIN application a ON a.id = f.application_id
  JOIN selection_round r ON r.id = a.round_id;
DROP TABLE application_figure;
ALTER TABLE application_figure_by_year RENAME TO application_figure;
