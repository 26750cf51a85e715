"""Running the register: deadlines, audit chain, request log, retention sweep, marketing and
feedback."""
