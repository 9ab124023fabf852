#!/bin/bash
# GP Reception .deb post-remove. Used INSTEAD of app-builder-lib 26.17's templates/linux/after-remove.tpl, which
# it repeats first (a test compares them); then removes the card-reader udev rule that deb-after-install.sh put in.
# ${executable} is filled in by electron-builder; other shell variables are written without braces.

if type update-alternatives >/dev/null 2>&1; then
    update-alternatives --remove '${executable}' '/opt/${sanitizedProductName}/${executable}'
else
    rm -f '/usr/bin/${executable}'
fi

APPARMOR_PROFILE_DEST='/etc/apparmor.d/${executable}'

# Remove and unload apparmor profile.
if [ -f "$APPARMOR_PROFILE_DEST" ]; then
  if apparmor_status --enabled > /dev/null 2>&1; then
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --remove "$APPARMOR_PROFILE_DEST" || true
    fi
  fi
  rm -f "$APPARMOR_PROFILE_DEST"
fi

# --- GP Reception: USB card readers ---
# The rule is configuration (a practice may have added readers to it): like a conffile, it goes on purge only.
UDEV_RULE_TARGET='/etc/udev/rules.d/70-gp-reception-card-readers.rules'
if [ "$1" = "purge" ]; then
  rm -f "$UDEV_RULE_TARGET" "$UDEV_RULE_TARGET.dpkg-dist"
  if hash udevadm 2>/dev/null && ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; }; then
    udevadm control --reload || true
  fi
fi
