from __future__ import annotations

from fastapi import APIRouter, status

from api.deps import CurrentUser, ServicesDep
from api.routes.tasks import submit_task
from api.schemas.base import errors
from api.schemas.roadmap import RoadmapIn
from api.schemas.tasks import TaskOut
from core.roadmap.service import validate_request

router = APIRouter(prefix="/api/ai", tags=["roadmap"])


@router.post(
    "/roadmap",
    status_code=status.HTTP_202_ACCEPTED,
    operation_id="createRoadmap",
    responses=errors(503),
)
def create_roadmap(body: RoadmapIn, user: CurrentUser, services: ServicesDep) -> TaskOut:
    """Start building a career roadmap; poll GET /api/tasks/{taskId} for the result
    (`result` holds timeline, requiredSkills and milestones)."""
    current, target, skills = validate_request(body.current_role, body.target_role, body.skills)
    return submit_task(
        services,
        user.user_id,
        "roadmap.generate",
        {"currentRole": current, "targetRole": target, "skills": skills},
    )
