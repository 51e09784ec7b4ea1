"""The admin's 五小 project form as a browser posts it, for tests that add or edit a project."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

NEW_PROJECT = {
    "title": "液压支架快速检测仪",
    "slug": "hydraulic-tester",
    "category": "invention",
    "status": "completed",
    "start_date": "2024-03-01",
    "end_date": "2024-09-01",
    "summary": "便携式检测。",
    "problem": "<p>检测慢。</p>",
    "solution": "<p>做了检测仪。</p>",
    "results": "<p>快了。</p>",
    "economic_benefit": "10",
    "needed_skills": "",
    "collaboration_needs": "",
}
RICH_TEXT = ("problem", "solution", "results")
NO_ROWS = ("patents", "team_members", "gallery_images", "documents")


def project_form(project=None, **changes):
    """A new project's values, or `project`'s own, with `changes` (rich text as HTML); no patents, team,
    images or files unless given as inline formsets."""
    data = {**NEW_PROJECT, **(values_of(project) if project is not None else {}), **changes}
    for name in RICH_TEXT:
        data[name] = rich_text(data[name] or "")
    for name in NO_ROWS:
        data.setdefault(name, inline_formset([]))
    return nested_form_data(data)


def values_of(project):
    return {
        "title": project.title,
        "slug": project.slug,
        "category": project.category,
        "status": project.status,
        "start_date": project.start_date.isoformat() if project.start_date else "",
        "end_date": project.end_date.isoformat() if project.end_date else "",
        "summary": project.summary,
        "problem": project.problem or "<p>问题</p>",
        "solution": project.solution or "<p>方案</p>",
        "results": project.results or "",
        "economic_benefit": "" if project.economic_benefit is None else str(project.economic_benefit),
        "collaboration_needs": project.collaboration_needs,
    }
