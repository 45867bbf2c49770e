"""What every page shares: the title line, the progress stepper, the rule-book check, Save, Clear my answers, Start over."""

from __future__ import annotations

import streamlit as st

from wizard.ui import nav, state


def header(key: str) -> None:
    st.markdown("**IMG Pathway Wizard**")
    i = nav.index_of(key) if key in nav.BY_KEY else 0
    total = len(nav.PAGES)
    page = nav.PAGES[i]
    st.progress((i + 1) / total, text=f"Step {i + 1} of {total} · {page.title}")
    rules_problem_banner()


def rules_problem_banner() -> bool:
    """Show the 'rules could not be loaded' message; True when the rules are broken."""
    result = state.rule_book()
    if result.book is not None:
        return False
    st.error(
        "**The rules could not be loaded**, so no plan can be shown right now. "
        "Please tell the advisor running this session. Your answers are kept while this tab "
        "stays open.",
        icon=":material/error:",
    )
    with st.expander("Details for the advisor"):
        st.text("\n".join(result.problems))
    return True


def footer() -> None:
    from wizard.ui import room, saveload

    st.divider()
    confirming = st.session_state.get(state.CONFIRM_RESET)
    if not confirming:
        with st.container(horizontal=True):
            if not saveload.shown_this_run() and state.answers():
                saveload.save_button("save-footer", in_frame=True)
            if st.button(
                "Clear my answers",
                key="clear-answers",
                icon=":material/delete:",
                help="For a shared device: forget every answer in this tab.",
            ):
                st.session_state[state.CONFIRM_RESET] = "clear"
                st.rerun()
            if st.button("Start over", key="start-over", type="tertiary"):
                st.session_state[state.CONFIRM_RESET] = True
                st.rerun()
        st.caption("Guidance, not legal or immigration advice. Nothing you enter is kept on the server.")
        return
    with st.container(border=True):
        if confirming == "clear":
            st.markdown(
                "**Clear my answers?** This forgets every answer in this tab, so the next "
                "person using this device sees none of them. It cannot be undone."
            )
        else:
            st.markdown("**Start over?** This clears every answer in this tab. It cannot be undone.")
        with st.container(horizontal=True):
            if st.button("Yes, clear everything", key="reset-yes", type="primary"):
                room.clear_session("clear" if confirming == "clear" else "")
                nav.go("welcome")
            if st.button("Keep my answers", key="reset-no"):
                st.session_state[state.CONFIRM_RESET] = False
                st.rerun()
