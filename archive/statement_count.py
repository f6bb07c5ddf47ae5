"""How many SQL statements a request ran, in a response header (SQL_STATEMENT_HEADER=1).

The benchmark reads it from a real server, where Django keeps no query log (DEBUG off). Every
database alias is counted (a replica's statements too), from the outermost middleware in, so
sessions, the page cache and the view all count. Off by default: a served archive does not
tell its readers how it queries.
"""

from contextlib import ExitStack

from django.db import connections

HEADER = "X-SQL-Statements"


class StatementCount:
    """Count the statements run through every connection while the request is answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # One mark per statement: list.append is atomic, and a search's helper thread
        # (archive/search/beside.py) runs the request's wrappers too.
        marks = []

        def counted(execute, sql, params, many, context):
            marks.append(1)
            return execute(sql, params, many, context)

        with ExitStack() as stack:
            for alias in connections:
                stack.enter_context(connections[alias].execute_wrapper(counted))
            response = self.get_response(request)
        response[HEADER] = str(len(marks))
        return response
