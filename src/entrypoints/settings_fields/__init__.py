"""The settings by concern, each group of fields with the bounds it keeps; `entrypoints.settings`
puts them together into one `Settings`."""
