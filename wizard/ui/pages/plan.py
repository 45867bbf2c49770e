import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from wizard.outputs.changes import HOW_WORDS, what_changed
from wizard.outputs.plan import NeededAnswer
from wizard.ui import actions_view, cost_view, nav, render, results, room, saveload, state_licence_view

st.header("Your plan", anchor=False)
res = results.current()
if res is None:
    st.stop()
plan = res.plan
room.record_plan(plan)  # counts only, and only when the advisor turned the room summary on

for entry in plan.scope:  # who the plan is for, when it is not the usual reader: said before anything else
    st.info(f"**{render.escape_md(entry.title)}**  \n{render.escape_md(entry.text)}", icon=":material/info:")
    if plan.not_for_you:
        with st.expander("Left out of your plan"):
            st.markdown("\n".join(f"- {render.escape_md(i.title)}" for i in plan.not_for_you))

dated = results.dated(res)
if not plan.scope:
    actions_view.glance(dated)
    actions_view.action_list(dated, res)

changes = what_changed(st.session_state.get(saveload.SAVED_STAMP), plan, res.book)
if changes is not None:
    with st.expander(changes.heading, expanded=True, icon=":material/update:"):
        if not changes.items:
            st.markdown("Nothing in your plan changed.")
        for c in changes.items:
            lines = [f"**{HOW_WORDS[c.how]}: {render.escape_md(c.title)}**"]
            lines += [f"- {render.escape_md(str(line))}" for line in c.why] or [
                "- No changelog line names it: the change comes from the date or the data it reads."
            ]
            st.markdown("\n".join(lines))

book_words = f"rule book {plan.rule_book_version}, " if plan.rule_book_version else ""
st.caption(
    f"Worked out on {res.on.isoformat()} from {book_words}rules checked up to {plan.rules_as_of.isoformat()}. "
    "Guidance, not legal or immigration advice: confirm with ECFMG, the state board and an "
    "immigration attorney."
)
if plan.stale_count:
    st.warning(
        f"{plan.stale_count} item{'s' if plan.stale_count != 1 else ''} below rel"
        f"{'y' if plan.stale_count != 1 else 'ies'} on a source more than a year old: "
        "possibly out of date.",
        icon=":material/warning:",
    )

if plan.overdue_count:
    st.warning(
        f"{plan.overdue_count} item{'s' if plan.overdue_count != 1 else ''} below rest on a source past its "
        "review date: the item says so, with the date. Check those sources before you act.",
        icon=":material/event_busy:",
    )

st.subheader("Everything in your plan", anchor=False)
st.caption("Every item with its full text, why and sources. Tap a section to open it.")


def section(title: str, count: int | None = None) -> DeltaGenerator:
    return st.expander(f"{title} ({count})" if count is not None else title)


with section("Where you stand"):
    for row in range(0, len(plan.cards), 2):  # row by row, so a phone stacks them in order
        for column, card in zip(st.columns(2), plan.cards[row : row + 2], strict=False):
            with column:
                render.card(card)

with section("Next steps, in dependency order", len(plan.next_steps)):
    if plan.next_steps:
        for n, entry in enumerate(plan.next_steps, start=1):
            render.item(entry, n)
    else:
        st.caption("No next steps follow from your answers yet. Answering more questions may add some.")

if plan.after_blockers:
    st.subheader("After this is resolved", anchor=False)  # a blocker holds these: said openly, not folded
    st.caption(
        "These wait until "
        + "; ".join(render.escape_md(b.title) for b in plan.blockers)
        + " is resolved: nothing here can start before that, so none of it is dated."
    )
    for entry in plan.after_blockers:
        render.item(entry)

if plan.fast_tracks:
    with section("Fast tracks that fit you", len(plan.fast_tracks)):
        for entry in plan.fast_tracks:
            render.item(entry)

if not plan.scope:
    with section("Your state licence"):
        state_licence_view.show(res, heading=False)

if not plan.scope:
    with section("What it will cost"):
        cost_view.show(res)

if plan.warnings:
    with section("Watch out", len(plan.warnings)):
        for entry in plan.warnings:
            render.item(entry, icon=":material/warning:")

if plan.missing:
    with section("Still missing", len(plan.missing)):
        for entry in plan.missing:
            render.item(entry)

if plan.needs_answers:
    with section("Answer these to see more", len(plan.needs_answers)):
        st.caption("Each of these questions would settle part of your plan. Open “Why?” to see which parts.")
        by_step: dict[str, list[NeededAnswer]] = {}
        for needed in plan.needs_answers:
            by_step.setdefault(needed.step, []).append(needed)
        for step, needed_here in by_step.items():
            page = nav.BY_KEY.get(step)
            with st.container(border=True):
                st.markdown(f"**{page.title if page else step}**")
                st.markdown("\n".join(f"- {render.escape_md(n.label)}" for n in needed_here))
                with st.expander("Why?"):
                    for need in needed_here:
                        st.caption(
                            render.escape_md(need.label)
                            + " would decide: "
                            + "; ".join(render.escape_md(t) for t in need.unlocks)
                        )
                if page and step in nav.QUESTION_STEPS:
                    render.step_link(step, f"Answer on “{page.title}”")

if plan.not_yet_known:
    with section("Not yet published", len(plan.not_yet_known)):
        st.caption("These facts are not published yet, so parts of your plan stay open until they are:")
        st.markdown("\n".join(f"- {render.escape_md(label)}" for label in plan.not_yet_known))

if plan.info:
    with section("Good to know", len(plan.info)):
        for entry in plan.info:
            render.item(entry)

if plan.met:
    with section("Already met", len(plan.met)):
        for entry in plan.met:
            render.item(entry)

with st.container(horizontal=True):
    if st.button("← Review answers", key="plan-back"):
        nav.go("review")
    if st.button("Try a different choice", key="plan-whatif", icon=":material/alt_route:"):
        st.switch_page(nav.page_path("whatif"))
    if st.button("Timeline →", key="plan-next", type="primary"):
        nav.go("timeline")
