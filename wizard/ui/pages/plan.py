import streamlit as st

from wizard.ui import nav, render, results

st.header("Your plan")
res = results.current()
if res is None:
    st.stop()
plan = res.plan

st.caption(
    f"Worked out on {res.on.isoformat()} from rules checked up to {plan.rules_as_of.isoformat()}. "
    "Guidance, not legal or immigration advice: confirm with ECFMG, the state board and an "
    "immigration attorney."
)
if plan.stale_count:
    st.warning(
        f"{plan.stale_count} item{'s' if plan.stale_count != 1 else ''} below rel"
        f"{'y' if plan.stale_count != 1 else 'ies'} on a source more than a year old: "
        "possibly out of date.",
        icon="⚠️",
    )

st.subheader("Where you stand")
for card in plan.cards:
    render.card(card)

st.subheader("Next steps")
if plan.next_steps:
    for n, entry in enumerate(plan.next_steps, start=1):
        render.item(entry, n)
else:
    st.caption("No next steps follow from your answers yet. Answering more questions may add some.")

if plan.fast_tracks:
    st.subheader("Fast tracks that fit you")
    for entry in plan.fast_tracks:
        render.item(entry)

if plan.warnings:
    st.subheader("Watch out")
    for entry in plan.warnings:
        render.item(entry, icon="⚠️")

if plan.missing:
    st.subheader("Still missing")
    for entry in plan.missing:
        render.item(entry)

if plan.needs_answers:
    st.subheader("Answer these to see more")
    st.caption("Each answer below would settle part of your plan.")
    for needed in plan.needs_answers:
        with st.container(border=True):
            st.markdown(f"**{needed.label}**")
            if needed.unlocks:
                st.caption("Would decide: " + "; ".join(render.escape_md(t) for t in needed.unlocks))
            render.step_link(needed.step, f"Answer on “{nav.BY_KEY[needed.step].title}”")

if plan.not_yet_known:
    st.subheader("Not yet published")
    st.caption("These facts are not published yet, so parts of your plan stay open until they are:")
    st.markdown("\n".join(f"- {render.escape_md(label)}" for label in plan.not_yet_known))

if plan.info:
    st.subheader("Good to know")
    for entry in plan.info:
        render.item(entry)

if plan.met:
    st.subheader("Already met")
    for entry in plan.met:
        render.item(entry)

with st.container(horizontal=True):
    if st.button("← Review answers", key="plan-back"):
        nav.go("review")
    if st.button("Timeline →", key="plan-next", type="primary"):
        nav.go("timeline")
