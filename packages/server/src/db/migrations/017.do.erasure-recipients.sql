-- Schema version 17: whose devices an erasure reaches wherever they work next. Every device of
-- the case's provider is told; a worker of it then, or anyone who had the case (opened it, was on
-- its team, was given it or had it taken away), may move to another provider before their next
-- pull, or not yet have pulled the change that took the case away, which goes with the case.
-- Erasures made before this version name nobody: their provider's devices are told, as before.
ALTER TABLE erasures ADD COLUMN workers text[] NOT NULL DEFAULT '{}';
