"""The composition root, in parts: each part is a DeclarativeContainer of the providers of
one concern, and `entrypoints.container.Container` inherits them all. Only these modules and
`entrypoints.container` know both adapters and use cases."""
