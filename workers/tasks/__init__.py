"""Thin task wrappers: unpack ids, call one core service function. One module per area."""
