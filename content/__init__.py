"""Stories: page models, StreamField blocks and listing queries."""
