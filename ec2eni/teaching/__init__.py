"""Teaching aids beside the simulator: explanations of its errors, its limits table, pictures
and scenarios. They read the engine (descriptions, limits, errors) and never re-implement a rule."""
