"""Reports over the store: the policy-traceability report (trace.py), its formats (render.py) and charts."""
