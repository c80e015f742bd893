"""What the archive draws: timelines, the organisations' network and the figures' charts."""
