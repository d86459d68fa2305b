"""The resume API through the real app: upload, status, versions, file, delete, profile."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from core.resume import service
from core.tasks.runs import fail_run
from integrations.container import Services
from tests.resume import hostile, samples
from tests.resume.builders import build_docx, build_pdf

PDF = "application/pdf"


def post(client: TestClient, headers: dict, data: bytes, name: str = "cv.pdf", **fields: str):
    return client.post(
        "/api/resume", headers=headers, files={"file": (name, data, PDF)}, data=fields or None
    )


def work(services: Services, body: dict) -> None:
    """What the worker does for the queued run."""
    service.run_analysis(
        store=services.store,
        blobs=services.blobs,
        llm=services.llm,
        settings=services.settings,
        resume_id=body["resumeId"],
        version_number=body["versionNumber"],
    )


@pytest.fixture
def headers(auth_headers: Callable[..., dict]) -> dict:
    return auth_headers()


def test_upload_then_poll_until_done(client: TestClient, services: Services, headers: dict) -> None:
    r = post(client, headers, build_pdf(samples.SOFTWARE_ENGINEER), targetRole="Backend Engineer")
    assert r.status_code == 202, r.text
    body = r.json()
    assert body["status"] == "queued" and body["versionNumber"] == 1 and body["taskId"]
    rid = body["resumeId"]
    r = client.get(f"/api/resume/{rid}", headers=headers)
    assert r.status_code == 200 and r.json()["status"] == "queued" and r.json()["analysis"] is None
    task = client.get(f"/api/tasks/{body['taskId']}", headers=headers)
    assert task.status_code == 200 and task.json()["status"] == "queued"
    work(services, body)
    r = client.get(f"/api/resume/{rid}", headers=headers)
    detail = r.json()
    assert detail["status"] == "done"
    analysis = detail["analysis"]
    assert 0 <= analysis["atsScore"] <= 100
    assert analysis["contact"]["email"] == "priya.raman@example.com"
    assert analysis["experience"][0]["company"] == "Stripe"
    assert analysis["keywordGap"] and analysis["target"]["label"] == "Backend Engineer"
    assert {"scoreBreakdown", "strengths", "weaknesses", "suggestions", "skills", "sections",
            "yearsExperience"} <= set(analysis)  # fmt: skip


def test_new_version_and_listing(client: TestClient, headers: dict) -> None:
    first = post(client, headers, build_pdf(samples.NURSE)).json()
    second = post(
        client, headers, build_docx(samples.NURSE), "cv.docx", resumeId=first["resumeId"]
    ).json()
    assert second["versionNumber"] == 2 and second["fileType"] == "docx"
    post(client, headers, build_pdf(samples.TEACHER), "teacher.pdf")
    listing = client.get("/api/resume", headers=headers).json()["items"]
    assert len(listing) == 2
    nurse = next(i for i in listing if i["resumeId"] == first["resumeId"])
    assert nurse["latestVersion"] == 2
    assert [v["versionNumber"] for v in nurse["versions"]] == [2, 1]
    older = client.get(f"/api/resume/{first['resumeId']}?version=1", headers=headers).json()
    assert older["versionNumber"] == 1 and older["fileType"] == "pdf"


def test_download_link_and_redirect(client: TestClient, headers: dict) -> None:
    data = build_pdf(samples.NURSE)
    rid = post(client, headers, data, "Maria CV.pdf").json()["resumeId"]
    link = client.get(f"/api/resume/{rid}/file", headers=headers)
    assert link.status_code == 200
    assert link.json()["filename"] == "Maria-CV.pdf"
    fetched = client.get(link.json()["url"].split("://", 1)[1].split("/", 1)[1].join(["/", ""]))
    assert fetched.status_code == 200 and fetched.content == data
    redirect = client.get(
        f"/api/resume/{rid}/file?redirect=true", headers=headers, follow_redirects=False
    )
    assert redirect.status_code == 307
    assert "/api/files/" in redirect.headers["location"]


def test_delete_everywhere(client: TestClient, services: Services, headers: dict) -> None:
    body = post(client, headers, build_pdf(samples.NURSE)).json()
    rid = body["resumeId"]
    r = client.delete(f"/api/resume/{rid}", headers=headers)
    assert r.status_code == 200 and r.json()["deletedVersions"] == 1
    assert client.get(f"/api/resume/{rid}", headers=headers).status_code == 404
    assert client.get("/api/resume", headers=headers).json()["items"] == []
    user_id = client.get("/api/users/me", headers=headers).json()["userId"]
    assert services.blobs.list_keys(f"{user_id}/") == []
    assert client.delete(f"/api/resume/{rid}", headers=headers).status_code == 404


def test_a_wrong_version_is_deleted_and_the_one_before_counts_again(
    client: TestClient, services: Services, headers: dict, auth_headers: Callable[..., dict]
) -> None:
    first = post(client, headers, build_pdf(samples.NURSE), "nurse.pdf").json()
    rid = first["resumeId"]
    work(services, first)
    wrong = post(client, headers, build_pdf(samples.TEACHER), "teacher.pdf", resumeId=rid).json()
    path = f"/api/resume/{rid}/versions/2"
    # Not while its analysis may still write it back.
    busy = client.delete(path, headers=headers)
    assert busy.status_code == 409 and busy.json()["error"]["code"] == "in_progress"
    work(services, wrong)
    user_id = client.get("/api/users/me", headers=headers).json()["userId"]
    assert service.latest_analysis(services.store, user_id)["resumeId"] == rid
    assert len(services.blobs.list_keys(f"{user_id}/{rid}/")) == 2

    assert client.delete(path, headers=auth_headers()).status_code == 404  # someone else's
    r = client.delete(path, headers=headers)
    assert r.status_code == 200, r.text
    now = r.json()
    assert now["versionNumber"] == 1 and now["filename"] == "nurse.pdf"
    assert [v["versionNumber"] for v in now["versions"]] == [1]
    listed = client.get("/api/resume", headers=headers).json()["items"][0]
    assert listed["latestVersion"] == 1 and listed["filename"] == "nurse.pdf"
    assert services.blobs.list_keys(f"{user_id}/{rid}/") == [f"{user_id}/{rid}/nurse.pdf"]
    # Jobs are matched with the nurse's resume again.
    latest = service.latest_analysis(services.store, user_id)
    assert latest is not None and "Critical Care" in latest["skills"]

    assert client.delete(path, headers=headers).status_code == 404
    only = client.delete(f"/api/resume/{rid}/versions/1", headers=headers)
    assert only.status_code == 409 and only.json()["error"]["code"] == "only_version"
    assert client.delete(f"/api/resume/{rid}/versions/0", headers=headers).status_code == 422
    # The next upload still gets a number never used before.
    third = post(client, headers, build_pdf(samples.NURSE), "nurse.pdf", resumeId=rid).json()
    assert third["versionNumber"] == 3


def test_apply_to_profile(client: TestClient, services: Services, headers: dict) -> None:
    body = post(client, headers, build_pdf(samples.NURSE)).json()
    rid = body["resumeId"]
    early = client.post(f"/api/resume/{rid}/apply-to-profile", headers=headers)
    assert early.status_code == 409
    work(services, body)
    r = client.post(f"/api/resume/{rid}/apply-to-profile", headers=headers, json={})
    assert r.status_code == 200, r.text
    assert "Critical Care" in r.json()["added"]
    me = client.get("/api/users/me", headers=headers).json()
    assert "Critical Care" in me["skills"]
    stale = client.post(
        f"/api/resume/{rid}/apply-to-profile", headers=headers, json={"profileVersion": 0}
    )
    assert stale.status_code == 409


def test_a_failed_analysis_can_be_tried_again(
    client: TestClient, services: Services, headers: dict
) -> None:
    body = post(client, headers, build_pdf(samples.NURSE)).json()
    again = f"/api/resume/{body['resumeId']}/analyze?version=1"
    busy = client.post(again, headers=headers)
    assert busy.status_code == 409 and busy.json()["error"]["code"] == "in_progress"
    fail_run(services.store, body["taskId"], "time limit exceeded")
    r = client.post(again, headers=headers)
    assert r.status_code == 202, r.text
    queued = r.json()
    assert queued["status"] == "queued" and queued["error"] is None
    assert queued["taskId"] and queued["taskId"] != body["taskId"]
    work(services, queued)
    done = client.post(again, headers=headers)
    assert done.status_code == 409 and done.json()["error"]["code"] == "already_analysed"
    assert (
        client.post(
            f"/api/resume/{body['resumeId']}/analyze?version=2", headers=headers
        ).status_code
        == 404
    )


def test_another_users_resume_is_404(client: TestClient, auth_headers: Callable[..., dict]) -> None:
    owner, other = auth_headers(), auth_headers()
    rid = post(client, owner, build_pdf(samples.NURSE)).json()["resumeId"]
    for method, path in [
        ("get", f"/api/resume/{rid}"),
        ("get", f"/api/resume/{rid}/file"),
        ("delete", f"/api/resume/{rid}"),
        ("post", f"/api/resume/{rid}/apply-to-profile"),
    ]:
        assert client.request(method, path, headers=other).status_code == 404
    assert post(client, other, build_pdf(samples.NURSE), resumeId=rid).status_code == 404
    assert client.get(f"/api/resume/{rid}", headers=owner).status_code == 200


def test_sign_in_required(client: TestClient) -> None:
    assert client.get("/api/resume").status_code == 401
    assert post(client, {}, build_pdf(samples.NURSE)).status_code == 401


BAD_FILES = [
    ("truncated", hostile.truncated_pdf, 422, "corrupt_file", "damaged or incomplete"),
    ("encrypted", hostile.encrypted_pdf, 422, "password_protected", "remove the password"),
    ("scanned", hostile.image_only_pdf, 422, "no_text_layer", "no text layer"),
    ("zip-bomb", hostile.zip_bomb_docx, 422, "suspicious_archive", "Word document was refused"),
    ("png", lambda: hostile.PNG_1x1, 415, "unsupported_file_type", "PNG image"),
    ("elf", lambda: hostile.ELF_HEADER, 415, "unsupported_file_type", "program"),
    ("empty", lambda: b"", 422, "empty_file", "empty"),
    ("pages", lambda: hostile.many_pages_pdf(2000), 422, "too_many_pages", "2000 pages"),
    ("loop", hostile.page_tree_loop_pdf, 422, "corrupt_file", "damaged"),
]


def test_bad_files_get_a_clear_4xx_and_nothing_is_stored(
    client: TestClient, services: Services, headers: dict
) -> None:
    for name, make, status, code, words in BAD_FILES:
        r = post(client, headers, make(), "resume.pdf")
        assert r.status_code == status, (name, r.text)
        error = r.json()["error"]
        assert error["code"] == code, name
        assert words in error["message"] and "\n" not in error["message"], name
    assert client.get("/api/resume", headers=headers).json()["items"] == []
    assert list(services.store.scan("ResumeVersions")) == []
    assert list(services.store.scan("TaskRuns")) == []


def test_xxe_docx_is_refused_and_leaks_nothing(
    client: TestClient, services: Services, headers: dict, tmp_path
) -> None:
    secret = tmp_path / "passwords.txt"
    secret.write_text("root-password-0000")
    r = post(client, headers, hostile.xxe_docx(secret), "cv.docx")
    assert r.status_code == 422
    assert "root-password" not in r.text
    assert list(services.store.scan("ResumeVersions")) == []


def test_oversize_upload_is_refused_before_it_is_read(
    client: TestClient, services: Services, headers: dict
) -> None:
    limit = services.settings.max_upload_bytes
    r = post(client, headers, b"%PDF-1.7\n" + b"0" * (limit + 100_000))
    assert r.status_code == 413 and r.json()["error"]["code"] == "file_too_large"

    # Without a Content-Length (chunked), reading stops at the limit.
    sent = {"bytes": 0}
    boundary = "xyz"

    def body():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n'
        ).encode()
        yield head
        chunk = b"0" * 65536
        for _ in range(limit // len(chunk) * 4):
            sent["bytes"] += len(chunk)
            yield chunk
        yield f"\r\n--{boundary}--\r\n".encode()

    r = client.post(
        "/api/resume",
        headers={**headers, "content-type": f"multipart/form-data; boundary={boundary}"},
        content=body(),
    )
    assert r.status_code == 413
    assert list(services.store.scan("ResumeVersions")) == []


def test_form_mistakes(client: TestClient, headers: dict) -> None:
    r = client.post("/api/resume", headers=headers, json={"file": "x"})
    assert r.status_code == 422 and "multipart/form-data" in r.json()["error"]["message"]
    r = client.post("/api/resume", headers=headers, files={"other": ("a.txt", b"x")})
    assert r.status_code == 422 and "'file' field" in r.json()["error"]["message"]
    r = post(client, headers, build_pdf(samples.NURSE), targetRole="Nurse", targetJobId="job_1")
    assert r.status_code == 422 and "not both" in r.json()["error"]["message"]
    r = post(client, headers, build_pdf(samples.NURSE), targetJobId="job_nope")
    assert r.status_code == 404
