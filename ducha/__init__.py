"""ducha (督查): follow-up of major work items, ratings and bulletins."""
