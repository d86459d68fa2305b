"""The OpenAPI document states how to authenticate and every error each operation can answer,
all in one error shape, so that generated clients and the API fuzzer know them."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from pydantic.json_schema import models_json_schema

from api.deps import current_user
from api.errors import iter_routes
from api.schemas.base import ERROR_DESCRIPTIONS, ErrorResponse

BEARER_SCHEME = "bearerAuth"


def _links(targets: dict[str, str], parameter: str, source: str) -> dict[str, Any]:
    return {
        name: {"operationId": op, "parameters": {parameter: f"$response.body#{source}"}}
        for name, op in targets.items()
    }


_RESUME = {
    "GetResume": "getResume",
    "GetResumeFile": "getResumeFile",
    "ApplyResumeToProfile": "applyResumeToProfile",
    "DeleteResume": "deleteResume",
}
_APPLICATION = {
    "GetApplication": "getApplication",
    "UpdateApplication": "updateApplication",
    "DeleteApplication": "deleteApplication",
}
_JOB = {"GetJob": "getJob", "GetJobMatch": "getJobMatch", "SaveJob": "saveJob"}
_INTERVIEW = {"GetInterview": "getInterview", "DownloadInterviewIcs": "downloadInterviewIcs"}
_TASK = {"GetTask": "getTask"}
# What one answer gives the next request: clients (and the API fuzzer) follow these.
LINKS: dict[tuple[str, str], dict[str, Any]] = {
    ("uploadResume", "202"): _links(_RESUME, "resume_id", "/resumeId"),
    ("listResumes", "200"): _links(_RESUME, "resume_id", "/items/0/resumeId"),
    ("createApplication", "201"): _links(_APPLICATION, "application_id", "/applicationId"),
    ("listApplications", "200"): _links(_APPLICATION, "application_id", "/items/0/applicationId"),
    ("saveJob", "201"): _links(_APPLICATION, "application_id", "/applicationId"),
    ("listJobs", "200"): _links(_JOB, "job_id", "/items/0/jobId"),
    ("listInterviews", "200"): _links(_INTERVIEW, "interview_id", "/items/0/interviewId"),
    ("createRoadmap", "202"): _links(_TASK, "task_id", "/taskId"),
    ("runDiagnostics", "202"): _links(_TASK, "task_id", "/taskId"),
    ("scanGmail", "202"): _links(_TASK, "task_id", "/taskId"),
}


def _statuses(route: APIRoute) -> set[int]:
    """The errors that follow from what the operation takes: a token, a body, parameters."""
    dependants = _walk(route.dependant)
    calls = {d.call for d in dependants}
    found: set[int] = set()
    if current_user in calls:
        found |= {401, 429}
    has_body = route.body_field is not None or "requestBody" in (route.openapi_extra or {})
    if has_body:
        found |= {413, 422}
        if route.body_field is not None:
            found.add(400)
    if any(d.path_params for d in dependants):
        found |= {404, 422}
    if any(d.query_params for d in dependants):
        found.add(422)
    return found


def _walk(dependant: Any) -> list[Any]:
    out = [dependant]
    for sub in dependant.dependencies:
        out += _walk(sub)
    return out


def build_openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    components = schema.setdefault("components", {})
    _, error_schemas = models_json_schema(
        [(ErrorResponse, "serialization")], ref_template="#/components/schemas/{model}"
    )
    components.setdefault("schemas", {}).update(error_schemas["$defs"])
    ref = {"$ref": "#/components/schemas/ErrorResponse"}
    error_content = {"application/json": {"schema": ref}}
    routes = {
        r.unique_id: r for r in iter_routes(app) if isinstance(r, APIRoute) and r.include_in_schema
    }
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            route = routes.get(operation.get("operationId", ""))
            if route is None:
                continue
            responses = operation.setdefault("responses", {})
            for status in sorted(_statuses(route)):
                responses.setdefault(str(status), {"description": ERROR_DESCRIPTIONS[status]})
            for code, response in responses.items():
                # FastAPI's own 422 names its default body; this API answers in its error shape.
                if code == "422" or (code.startswith(("4", "5")) and "content" not in response):
                    response["content"] = error_content
            for (op_id, linked), links in LINKS.items():
                if op_id == route.unique_id and linked in responses:
                    responses[linked]["links"] = links
            operation["responses"] = dict(sorted(responses.items()))
            if current_user in {d.call for d in _walk(route.dependant)}:
                operation["security"] = [{BEARER_SCHEME: []}]
    for unused in ("HTTPValidationError", "ValidationError"):
        components["schemas"].pop(unused, None)
    components.setdefault("securitySchemes", {})[BEARER_SCHEME] = {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "An access token from POST /api/auth/login (or Cognito in AWS).",
    }
    app.openapi_schema = schema
    return schema
