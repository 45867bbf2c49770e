from wizard.ui.form import step_page

step_page("exams")
