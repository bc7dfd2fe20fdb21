"""Demo data for the pilot districts: centres, staff, citizens and a year of applications.

Everything here is synthetic except the geography (real SOATO settlements), the calendar, the BHM
history and the service catalog, which are the project's reference data. The generator is
deterministic: the same seed and the same reference moment give the same data. Applications are
simulated in memory through a mirror of the workflow (`darcha.seed.cases`) and written with bulk
inserts; `darcha.seed.checks` replays them against the workflow table so tests can prove they are
consistent with what the live services would have produced.
"""
