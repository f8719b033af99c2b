"""End-to-end check of the rendered report in headless Chromium (see e2e/README.md)."""
