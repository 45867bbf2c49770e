"""IMG Pathway Wizard: a personal, sourced plan for international medical graduates."""
