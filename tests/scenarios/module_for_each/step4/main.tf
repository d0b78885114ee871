# Everything was removed from this configuration.
