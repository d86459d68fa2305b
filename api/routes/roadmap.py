from __future__ import annotations

from fastapi import APIRouter, status

from api.deps import CurrentUser, ServicesDep
from api.schemas.base import errors
from api.schemas.roadmap import RoadmapIn
from api.schemas.tasks import TaskOut, task_out
from core.roadmap.service import validate_request
from core.tasks import lanes

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
    run = lanes.submit(
        services.store,
        services.queue,
        lanes.UserLimits.from_settings(services.settings),
        user_id=user.user_id,
        kind="roadmap.generate",
        params={"currentRole": current, "targetRole": target, "skills": skills},
    )
    return task_out(run, services.settings)
