from __future__ import annotations

from fastapi import APIRouter

from api.routes import (
    applications,
    auth,
    email_imports,
    gmail,
    interviews,
    jobs,
    market,
    resume,
    review,
    roadmap,
    system,
    tasks,
    users,
)

ROUTERS: list[APIRouter] = [
    system.router,
    auth.router,
    users.router,
    tasks.router,
    resume.router,
    jobs.router,
    market.router,
    roadmap.router,
    applications.router,
    gmail.router,
    email_imports.router,
    interviews.router,
    review.router,
]
