"""protected_terms: placeholder until its issue lands."""


def register():
    pass
