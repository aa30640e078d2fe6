"""`budgetkg serve`: the SPARQL endpoint and the graph browser over one store.

Queries never run in the web process: pyoxigraph cannot interrupt a query, so
each one runs in a worker process (`worker`) that the pool (`engine`) kills
when it overruns the timeout. See `app.create_app` for the routes.
"""
