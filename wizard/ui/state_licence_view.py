"""The plan page's "Your state licence" section: the target state's GME years for IMGs, its
licence without a US residency (judged against the answers), or the states that fit instead.

Everything shown comes from the reviewed state files; state text goes through `escape_md`, and no
text a person typed is shown here. The pathway assessment is worked out once per change of
answers (`results.state_licence`), not on every draw.
"""

from __future__ import annotations

import logging

import streamlit as st

from wizard.domain.state_pathways import StatePathways
from wizard.ui import nav, results
from wizard.ui.compare_view import show_assessment
from wizard.ui.render import escape_md, source_line

COMPARE_PAGE = nav.page_path("compare_states")
UNKNOWN = "unknown — not published/confirmed"

log = logging.getLogger(__name__)


def compare_link(label: str = "Compare states") -> None:
    st.page_link(COMPARE_PAGE, label=label, icon="🗺️")


def _gme(sp: StatePathways) -> None:
    gme = sp.gme
    name = escape_md(sp.target_name or sp.target or "")
    if gme is None or gme.code is None:
        return
    if gme.known:
        text = f"**Through a US residency:** {escape_md(gme.text())}."
    else:
        reason = escape_md(gme.unknown_reason or UNKNOWN)
        text = (
            f"**Through a US residency:** the years of US residency (GME) {name} requires of "
            f"international graduates are unknown — {reason}."
        )
    parts = [text]
    if gme.note:
        parts.append(escape_md(gme.note))
    if gme.sources:
        parts.append("\n".join(f"- {source_line(s)}" for s in gme.sources))
    st.markdown("\n\n".join(parts))


def _elsewhere(sp: StatePathways) -> None:
    if not sp.elsewhere:
        st.caption(
            "No state's licence without a US residency fits your answers yet. "
            "Compare states shows what each state asks."
        )
        return
    st.markdown("**States where you appear to qualify, or could with a job offer only:**")
    for a in sp.elsewhere:
        label = f"{a.code} · {a.state_name}: {a.verdict_label}, {a.status_label}"
        compare_link(escape_md(label))
        st.caption(
            escape_md(
                f"{a.pathway}. Law: {a.law or UNKNOWN}. Sources as of "
                f"{a.oldest_as_of.isoformat() if a.oldest_as_of else 'unknown'} or later."
            )
        )
    st.caption(escape_md(sp.visa_note))


def show(res: results.Results, *, heading: bool = True) -> None:
    if res.plan.scope:  # not an international graduate: these IMG routes and years are not theirs
        return
    if heading:
        st.subheader("Your state licence", anchor=False)
    try:
        sp = results.state_licence(res)
    except Exception:
        log.warning("state licence could not be worked out", exc_info=True)
        st.error(
            "Your state's licence rules could not be worked out for these answers. The rest of "
            "your plan is unaffected.",
            icon=":material/warning:",
        )
        compare_link()
        return
    if sp.target is None:
        st.caption(
            "Choose a target state to see the years of US residency it asks of international "
            "graduates and whether it licenses physicians trained abroad without one."
        )
        if "target" in nav.BY_KEY:
            nav.link("target", "Choose a target state")
        compare_link()
        return
    with st.container(border=True):
        _gme(sp)
    name = escape_md(sp.target_name or sp.target)
    full = [a for a in sp.for_target if not a.limited]
    if full:
        st.markdown(
            f"**Without a US residency:** {name} has a licence for physicians trained abroad. "
            "Here it is, checked against your answers:"
        )
        for a in full:
            show_assessment(a, expanded=True)
        if sp.elsewhere:
            st.caption(
                f"{len(sp.elsewhere)} other state{'s' if len(sp.elsewhere) != 1 else ''} "
                "would fit you too, or could with a job offer only."
            )
    else:
        if sp.target_has_pathway is False:
            st.markdown(
                f"**Without a US residency:** {name} has no licence for physicians trained "
                "abroad without a US residency."
            )
        else:
            st.markdown(
                f"**Without a US residency:** whether {name} has a licence for physicians "
                "trained abroad without a US residency is unknown — not published/confirmed."
            )
        _elsewhere(sp)
    for a in sp.for_target:
        if a.limited:
            show_assessment(a)
    compare_link("Compare states side by side")
