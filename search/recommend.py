"""Why a person is recommended for a project: what of theirs matched the skills the project needs."""

from django.utils.translation import gettext as _

from textsearch.analysis import index_terms, query_terms

# How much each kind of evidence counts when the database engine ranks people.
SKILL_SCORE, PROJECT_SCORE, PROFILE_SCORE = 3, 2, 1


def explain(needed_skills, skills, profile_terms, projects):
    """(matched skills, [reason, …], score) for one person.

    needed_skills: the project's; skills: the person's skill tags; profile_terms: their indexed words
    (" a b c "); projects: titles of projects they worked on."""
    matched, reasons, score = [], [], 0
    skills = {s for s in skills if s}
    for need in needed_skills:
        words = query_terms(need)
        if not words:
            continue
        if need in skills:
            matched.append(need)
            reasons.append(_("擅长“%(skill)s”") % {"skill": need})
            score += SKILL_SCORE
            continue
        project = next((p for p in projects if p and set(words) <= set(index_terms(p))), None)
        if project:
            matched.append(need)
            reasons.append(_("参与过《%(project)s》（%(skill)s）") % {"project": project, "skill": need})
            score += PROJECT_SCORE
        elif all(f" {w} " in profile_terms for w in words):
            matched.append(need)
            reasons.append(_("简介或称号提到“%(skill)s”") % {"skill": need})
            score += PROFILE_SCORE
    return matched, reasons, score
