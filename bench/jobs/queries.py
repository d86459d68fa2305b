"""The people and the questions of the `/api/jobs` benchmarks: profiles unlike each other, and
the mix of list queries a page of the web app sends."""

from __future__ import annotations

from typing import Any

PROFILES = [
    {"skills": ["Python", "Django", "PostgreSQL", "Docker"], "targetRole": "Backend Engineer",
     "location": "Berlin, Germany"},
    {"skills": ["SQL", "Tableau", "Excel"], "targetRole": "Data Analyst",
     "location": "New York, NY", "preferences": {"minSalary": 70000, "currency": "USD"}},
    {"skills": ["Registered Nurse", "Basic Life Support"], "targetRole": "Registered Nurse",
     "location": "Chicago, IL"},
    {"skills": ["React", "TypeScript", "CSS"], "targetRole": "Frontend Engineer",
     "location": "London, United Kingdom", "preferences": {"remote": "yes"}},
    {"skills": ["Salesforce", "Negotiation"], "targetRole": "Account Executive",
     "location": "Sydney, Australia"},
]  # fmt: skip
QUERIES: list[dict[str, Any]] = [
    {}, {}, {}, {"page": 2}, {"page": 3}, {"remote": "yes"}, {"q": "python"},
    {"location": "London"}, {"sort": "date"}, {"seniority": "senior,lead", "pageSize": 50},
]  # fmt: skip
