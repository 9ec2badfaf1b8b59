"""The check-yourself questions, one module per page, named like the page.

A page's module defines ``questions()``, which returns the page's questions in
the order the page shows them; :mod:`nllbook_pages.quiz_bank` finds every
module here that is not private.
"""
