"""What every document shares: legal phrases and blocks, i18n, templating, PDF and the PDF pool."""
