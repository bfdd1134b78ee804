"""Proposals and roadmaps: evaluate packages of concessions and search for better ones.

Records live in :mod:`panmun.proposals.models`, pure numeric code in
:mod:`panmun.proposals.utility`, :mod:`panmun.proposals.evaluate` and
:mod:`panmun.proposals.search`, and :mod:`panmun.proposals.api` joins them to scenarios.
"""
