#!/no/such/interpreter
# WANT_JSON
