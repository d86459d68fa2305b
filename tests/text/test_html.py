"""The one HTML-to-text converter: what mail bodies and job postings each rely on."""

from __future__ import annotations

from core.text.html import html_to_text


def test_link_text_stays_in_place_and_targets_are_listed() -> None:
    got = html_to_text(
        '<p>Join <a href="https://zoom.us/j/1">here</a> or <a href=" https://x.test/b ">b</a></p>'
    )
    assert got.text == "Join here or b"
    assert got.links == ["https://zoom.us/j/1", "https://x.test/b"]


def test_a_line_break_is_a_line_and_a_paragraph_a_blank_line() -> None:
    got = html_to_text("<p>Best regards,<br>Ann<br/>Recruiting</p><p>Next</p>")
    assert got.text == "Best regards,\nAnn\nRecruiting\n\nNext"


def test_hidden_parts_are_dropped_but_the_text_after_them_is_kept() -> None:
    markup = (
        "<html><head><title>T</title><style>p{}</style></head>"
        "<body><p>A<script>x()</script> B<!-- note --> C</p></body></html>"
    )
    assert html_to_text(markup).text == "A B C"


def test_table_cells_share_their_row() -> None:
    markup = "<table><tr><td>Date</td><td>March 12</td></tr><tr><th>Time</th><td>10:00</td></tr>"
    assert html_to_text(markup + "</table>").text == "Date March 12\n\nTime 10:00"


def test_list_items_become_dash_lines_when_asked() -> None:
    markup = "<p>Needs:</p><ul><li>Go</li><li><p>SQL</p></li><li> </li></ul><p>Thanks</p>"
    assert html_to_text(markup, bullets=True).text == "Needs:\n\n- Go\n- SQL\n\nThanks"
    assert html_to_text(markup).text == "Needs:\n\nGo\n\nSQL\n\nThanks"


def test_wide_and_invisible_spaces_collapse() -> None:
    assert html_to_text("<p>a\u00a0\u00a0b\u200bc \u202f d</p>").text == "a b c d"


def test_empty_and_plain_inputs() -> None:
    assert html_to_text(None) == ("", [])
    assert html_to_text("   ").text == ""
    assert html_to_text("Tom &amp; Jerry\n\n\n\nEnd").text == "Tom & Jerry\n\nEnd"
