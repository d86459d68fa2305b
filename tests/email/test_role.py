"""The role read from an email ends where the title ends, not where the sentence does."""

from __future__ import annotations

import pytest

from core.email.role import find_role


@pytest.mark.parametrize(
    ("body", "role"),
    [
        # a verb follows the title
        ("Das Interview für die Position als Data Engineer findet online statt.", "Data Engineer"),
        (
            "Das Gespräch für die Stelle als Vertriebsleiter dauert etwa eine Stunde.",
            "Vertriebsleiter",
        ),
        (
            "The call for the Site Reliability Engineer takes about an hour.",
            "Site Reliability Engineer",
        ),
        (
            "L'entretien pour le poste de Chef de projet marketing durera une heure.",
            "Chef de projet marketing",
        ),
        (
            "La entrevista para el puesto de Diseñadora Gráfica dura unos 30 minutos.",
            "Diseñadora Gráfica",
        ),
        (
            "Wir möchten Sie gern für die Stelle als Lagerleiter kennenlernen.",
            "Lagerleiter",
        ),
        # a date or time follows the title
        ("Wir sprechen über die Position als Produktmanager am Montag, 3. Juni.", "Produktmanager"),
        (
            "Nous vous attendons pour le poste de Développeur Java le mardi 4 juin.",
            "Développeur Java",
        ),
        (
            "Le escribimos para el puesto de Analista de Riesgos el martes 14 de mayo.",
            "Analista de Riesgos",
        ),
        ("We'd like to meet you as a Solutions Architect Thursday at 3 pm.", "Solutions Architect"),
        (
            "Hablemos para el puesto de Gerente Comercial a las 11:00 por Teams.",
            "Gerente Comercial",
        ),
    ],
)
def test_role_stops_at_the_end_of_the_title(body: str, role: str) -> None:
    assert find_role("Interview", body, None) == role


@pytest.mark.parametrize(
    ("body", "role"),
    [
        (
            "We look forward to speaking with you for the Senior On-Call Engineer position.",
            "Senior On-Call Engineer",
        ),
        (
            "Merci pour votre candidature au poste de Chef de projet digital.",
            "Chef de projet digital",
        ),
        ("Gracias por postularse para el puesto de Ingeniera de Datos.", "Ingeniera de Datos"),
    ],
)
def test_title_words_are_kept(body: str, role: str) -> None:
    assert find_role("Interview", body, None) == role


@pytest.mark.parametrize(
    ("subject", "body", "role"),
    [
        (
            "Quick chat with the hiring manager - Tuesday",
            "The hiring manager for the Field Service Technician role would like to talk.",
            "Field Service Technician",
        ),
        (
            "Next step: Sam Lee - Payroll Specialist (Hiring Manager)",
            "This is the second conversation about the Payroll Specialist position.",
            "Payroll Specialist",
        ),
        (
            "Telefonat mit dem Teamleiter – Mittwoch",
            "Es geht um die Position als Lagerleiter.",
            "Lagerleiter",
        ),
    ],
)
def test_a_subject_part_naming_the_meeting_is_not_the_role(
    subject: str, body: str, role: str
) -> None:
    assert find_role(subject, body, None) == role
