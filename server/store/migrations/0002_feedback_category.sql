-- The topic the visitor picked (Bug, Idea…), when the project offers categories.
ALTER TABLE feedback ADD COLUMN category TEXT;
