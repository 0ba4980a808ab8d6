"""The shared core every plugin uses: signals, the one error type, settings, file kinds."""
