"""The browser wizard: the only package (with app.py) that imports Streamlit."""
