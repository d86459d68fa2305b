"""The Users aggregate: the profile record and where it is stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.storage.port import Store

USERS = "Users"


@dataclass
class User:
    user_id: str
    email: str
    name: str | None = None
    career_stage: str | None = None
    skills: list[str] = field(default_factory=list)
    # Job preferences as the web app sends them (remote, locations, minSalary…): read by the
    # ranking, which forgives any shape.
    preferences: dict[str, Any] = field(default_factory=dict)
    target_role: str | None = None
    location: str | None = None
    onboarding: dict[str, Any] = field(default_factory=dict)
    created_at: str | None = None
    updated_at: str | None = None
    version: int = 0

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> User:
        return cls(
            user_id=str(item["userId"]),
            email=str(item.get("email") or ""),
            name=item.get("name"),
            career_stage=item.get("careerStage"),
            skills=[str(s) for s in item.get("skills") or []],
            preferences=dict(item.get("preferences") or {}),
            target_role=item.get("targetRole"),
            location=item.get("location"),
            onboarding=dict(item.get("onboarding") or {}),
            created_at=item.get("createdAt"),
            updated_at=item.get("updatedAt"),
            version=int(item.get("version") or 0),
        )

    def to_item(self) -> dict[str, Any]:
        return {
            "userId": self.user_id,
            "email": self.email,
            "name": self.name,
            "careerStage": self.career_stage,
            "skills": list(self.skills),
            "preferences": dict(self.preferences),
            "targetRole": self.target_role,
            "location": self.location,
            "onboarding": dict(self.onboarding),
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
            "version": self.version,
        }


def find_user(store: Store, user_id: str) -> User | None:
    item = store.get(USERS, {"userId": user_id})
    return User.from_item(item) if item is not None else None
