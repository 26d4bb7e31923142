"""The shop's domain logic: typed verb_noun functions; views and commands call them."""
