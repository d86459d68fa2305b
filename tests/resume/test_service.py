"""The resume service on the real embedded store and blob store."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import Conflict, NotFound
from core.resume import service
from core.resume.errors import FileTooLarge, PasswordProtected, UnsupportedFileType
from core.resume.views import AnalysisSummary, VersionView
from core.tasks.errors import GiveUp
from core.tasks.runs import fail_run
from core.users.repository import ProfileChanges
from core.users.service import create_user, get_user, update_profile
from integrations.container import Services
from tests.resume import hostile, samples
from tests.resume.builders import build_docx, build_pdf
from tests.support.runs import stored_run


@pytest.fixture
def user(services: Services) -> str:
    create_user(services.store, user_id="u-1", email="u1@example.com", name="U One")
    return "u-1"


def upload(services: Services, user_id: str, data: bytes, **kw: object) -> VersionView:
    return service.upload_resume(
        store=services.store,
        blobs=services.blobs,
        queue=services.queue,
        settings=services.settings,
        user_id=user_id,
        upload=service.Upload(filename=str(kw.pop("filename", "cv.pdf")), data=data, **kw),  # type: ignore[arg-type]
    )


def analyse(services: Services, item: VersionView) -> AnalysisSummary | None:
    return service.run_analysis(
        store=services.store,
        blobs=services.blobs,
        llm=services.llm,
        settings=services.settings,
        resume_id=item.resume_id,
        version_number=item.version_number,
    )


def test_upload_stores_the_file_and_queues_a_run(services: Services, user: str) -> None:
    data = build_pdf(samples.NURSE)
    item = upload(
        services, user, data, filename="../../Maria CV (final).docx", target_role="ICU Nurse"
    )
    assert item.status == "queued" and item.version_number == 1
    assert item.filename == "Maria-CV-final.pdf"  # the content decides the extension
    version = services.store.get("ResumeVersions", {"resumeId": item.resume_id, "versionNumber": 1})
    assert version is not None and version["userId"] == user
    assert version["blobKey"] == f"{user}/{item.resume_id}/Maria-CV-final.pdf"
    assert services.blobs.get(version["blobKey"]) == data
    run = stored_run(services.store, item.task_id)
    assert run is not None and run["kind"] == "resume.analyze" and run["status"] == "queued"
    assert run["params"] == {"resumeId": item.resume_id, "versionNumber": 1}
    view = service.get_resume(services.store, service.VersionRef(user, item.resume_id))
    assert view.status == "queued" and view.analysis is None


def test_analysis_is_stored_and_idempotent(services: Services, user: str) -> None:
    item = upload(services, user, build_pdf(samples.NURSE), target_role="Registered Nurse")
    stages: list[str] = []
    summary = service.run_analysis(
        store=services.store,
        blobs=services.blobs,
        llm=services.llm,
        settings=services.settings,
        resume_id=item.resume_id,
        version_number=1,
        progress=lambda stage, percent=None: stages.append(stage),
    )
    assert summary is not None and summary.status == "done"
    assert stages == ["extracting", "analysing", "done"]
    view = service.get_resume(services.store, service.VersionRef(user, item.resume_id))
    assert view.status == "done"
    analysis = view.analysis
    assert analysis is not None and analysis.ats_score == summary.ats_score
    assert analysis.target is not None and analysis.target.label == "Registered Nurse"
    assert analysis.keyword_gap is not None
    before = services.store.get("ResumeVersions", {"resumeId": item.resume_id, "versionNumber": 1})
    # A redelivered task does nothing new.
    again = analyse(services, item)
    after = services.store.get("ResumeVersions", {"resumeId": item.resume_id, "versionNumber": 1})
    assert again == summary
    assert before == after
    latest = service.latest_analysis(services.store, user)
    assert latest is not None and latest["atsScore"] == summary.ats_score
    assert "Maria Gonzalez" in latest["text"]


def test_new_versions_keep_the_old_ones(services: Services, user: str) -> None:
    first = upload(services, user, build_pdf(samples.NURSE), filename="cv.pdf")
    second = upload(
        services, user, build_docx(samples.NURSE), filename="cv.docx", resume_id=first.resume_id
    )
    third = upload(
        services, user, build_pdf(samples.NURSE), filename="cv.pdf", resume_id=first.resume_id
    )
    assert (second.resume_id, second.version_number) == (first.resume_id, 2)
    assert third.version_number == 3
    analyse(services, second)
    [listed] = service.list_resumes(services.store, user)
    assert listed.latest_version == 3
    assert [v.version_number for v in listed.versions] == [3, 2, 1]
    assert [v.status for v in listed.versions] == ["queued", "done", "queued"]
    # Same file name again: the blob store keeps both versions of the key.
    key = f"{user}/{first.resume_id}/cv.pdf"
    assert len(services.blobs.list_versions(key)) == 2
    old = service.get_resume(services.store, service.VersionRef(user, first.resume_id, 2))
    assert old.version_number == 2 and old.status == "done"
    with pytest.raises(NotFound):
        service.get_resume(services.store, service.VersionRef(user, first.resume_id, 9))


def test_a_version_whose_run_died_shows_failed_with_the_reason(
    services: Services, user: str
) -> None:
    item = upload(services, user, build_pdf(samples.NURSE))
    assert item.task_id is not None
    fail_run(services.store, item.task_id, "time limit exceeded")
    view = service.get_resume(services.store, service.VersionRef(user, item.resume_id))
    assert (view.status, view.error, view.task_id) == (
        "failed",
        "time limit exceeded",
        item.task_id,
    )
    assert [v.status for v in view.versions] == ["queued"]  # the stored status, as it is kept
    [listed] = service.list_resumes(services.store, user)
    assert (listed.status, listed.versions[0].error) == ("failed", "time limit exceeded")


def test_bad_files_are_refused_before_anything_is_written(services: Services, user: str) -> None:
    cases = [
        (hostile.encrypted_pdf(), PasswordProtected),
        (hostile.PNG_1x1, UnsupportedFileType),
        (b"x" * (services.settings.max_upload_bytes + 1), FileTooLarge),
    ]
    for data, error in cases:
        with pytest.raises(error):
            upload(services, user, data)
    assert service.list_resumes(services.store, user) == []
    assert list(services.store.scan("ResumeVersions")) == []
    assert list(services.store.scan("TaskRuns")) == []
    assert services.blobs.list_keys(f"{user}/") == []


def test_someone_elses_resume_is_not_found(services: Services, user: str) -> None:
    create_user(services.store, user_id="u-2", email="u2@example.com", name="Other")
    item = upload(services, user, build_pdf(samples.NURSE))
    rid = item.resume_id
    with pytest.raises(NotFound):
        service.get_resume(services.store, service.VersionRef("u-2", rid))
    with pytest.raises(NotFound):
        service.delete_resume(services.store, services.blobs, "u-2", rid)
    with pytest.raises(NotFound):
        upload(services, "u-2", build_pdf(samples.NURSE), resume_id=rid)
    with pytest.raises(NotFound):
        service.download_url(services.store, services.blobs, service.VersionRef("u-2", rid), 60)
    assert service.list_resumes(services.store, "u-2") == []


def test_unknown_target_job(services: Services, user: str) -> None:
    with pytest.raises(NotFound, match="no job"):
        upload(services, user, build_pdf(samples.NURSE), target_job_id="job_missing")


def test_target_job_from_the_jobs_table(services: Services, user: str) -> None:
    services.store.put(
        "Jobs",
        {
            "jobId": "job_1",
            "title": "ICU Registered Nurse",
            "company": "Mercy Hospital",
            "skills": ["Critical Care", "ACLS", "Epic", "Telemetry nursing", "Dialysis"],
            "source": "demo",
            "sourceId": "1",
            "postedDate": "2026-05-01",
        },
    )
    item = upload(services, user, build_pdf(samples.NURSE), target_job_id="job_1")
    analyse(services, item)
    analysis = service.get_resume(services.store, service.VersionRef(user, item.resume_id)).analysis
    assert analysis is not None and analysis.target is not None
    assert analysis.target.label == "ICU Registered Nurse at Mercy Hospital"
    assert analysis.keyword_gap == ["Patient Monitoring", "Dialysis"]


def test_delete_removes_everything(services: Services, user: str) -> None:
    item = upload(services, user, build_pdf(samples.NURSE))
    upload(services, user, build_pdf(samples.NURSE), resume_id=item.resume_id)
    other = upload(services, user, build_pdf(samples.TEACHER))
    result = service.delete_resume(services.store, services.blobs, user, item.resume_id)
    assert result.to_item() == {
        "resumeId": item.resume_id,
        "deletedVersions": 2,
        "deletedFiles": 2,
    }
    assert services.blobs.list_keys(f"{user}/{item.resume_id}/") == []
    assert services.store.query("ResumeVersions", item.resume_id) == []
    assert [r.resume_id for r in service.list_resumes(services.store, user)] == [other.resume_id]
    # The queued run finds nothing and stops quietly.
    assert analyse(services, item) is None


def test_the_worker_analyses_the_text_read_at_upload(services: Services, user: str) -> None:
    item = upload(services, user, build_pdf(samples.NURSE))
    key = {"resumeId": item.resume_id, "versionNumber": 1}
    stored = services.store.get("ResumeVersions", key)
    assert stored is not None and "Maria Gonzalez" in stored["text"]
    assert stored["extraction"]["kind"] == "pdf" and stored["extraction"]["text"] is None
    # The untrusted file is not parsed a second time: the analysis works from the stored text.
    services.blobs.delete_prefix(f"{user}/")
    summary = analyse(services, item)
    assert summary is not None and summary.status == "done"


def test_a_file_gone_from_storage_fails_the_run(services: Services, user: str) -> None:
    item = upload(services, user, build_pdf(samples.NURSE))
    key = {"resumeId": item.resume_id, "versionNumber": 1}
    stored = services.store.get("ResumeVersions", key)
    assert stored is not None
    # A version without a stored extraction (text too long to keep) reads the file again.
    services.store.put(
        "ResumeVersions",
        {**stored, "extraction": None},
        expected_version=int(stored["version"]),
    )
    services.blobs.delete_prefix(f"{user}/")
    with pytest.raises(GiveUp, match="gone"):
        analyse(services, item)
    view = service.get_resume(services.store, service.VersionRef(user, item.resume_id))
    assert view.status == "failed" and view.error == "file gone"


def test_download_link(services: Services, user: str, tmp_path: Path) -> None:
    item = upload(services, user, build_pdf(samples.NURSE), filename="Maria.pdf")
    link = service.download_url(
        services.store, services.blobs, service.VersionRef(user, item.resume_id), 120
    )
    assert link.filename == "Maria.pdf" and link.expires_in_seconds == 120
    assert "/api/files/" in link.url


def test_apply_to_profile(services: Services, user: str) -> None:
    update_profile(services.store, user, ProfileChanges(skills=["Triage", "Wound care"]))
    item = upload(services, user, build_pdf(samples.NURSE))
    with pytest.raises(Conflict, match="not ready"):
        service.apply_to_profile(services.store, service.VersionRef(user, item.resume_id))
    analyse(services, item)
    result = service.apply_to_profile(services.store, service.VersionRef(user, item.resume_id))
    assert result.skills[:2] == ["Triage", "Wound care"]
    assert "Wound Care" not in result.added  # already there, in another case
    assert "Critical Care" in result.added and "Critical Care" in result.skills
    assert get_user(services.store, user).skills == result.skills
    # Applying again adds nothing; a stale profile version is refused.
    assert (
        service.apply_to_profile(services.store, service.VersionRef(user, item.resume_id)).added
        == []
    )
    with pytest.raises(Conflict):
        service.apply_to_profile(
            services.store, service.VersionRef(user, item.resume_id), expected_profile_version=0
        )


def test_resume_text_is_kept_within_a_byte_budget() -> None:
    # Four-byte characters: 60,000 of them would be 240 KB of one 400 KB item.
    text = "履歴書😀" * 20_000
    kept = service.stored_text(text)
    assert text.startswith(kept) and len(kept.encode()) <= service.MAX_STORED_TEXT_BYTES
    assert service.stored_text("short") == "short"
