#!/bin/bash
# GP Reception .deb post-install. electron-builder uses this file INSTEAD of its own template, so the first part
# repeats app-builder-lib 26.17's templates/linux/after-install.tpl step for step (a test compares them; on an
# electron-builder upgrade, copy any new steps across). The card-reader part is ours, at the end.
# ${executable} and ${sanitizedProductName} are filled in by electron-builder; every other shell variable is
# written without braces, because electron-builder refuses any other ${...} macro.

if type update-alternatives >/dev/null 2>&1; then
    # Remove previous link if it doesn't use update-alternatives
    if [ -L '/usr/bin/${executable}' -a -e '/usr/bin/${executable}' -a "`readlink '/usr/bin/${executable}'`" != '/etc/alternatives/${executable}' ]; then
        rm -f '/usr/bin/${executable}'
    fi
    update-alternatives --install '/usr/bin/${executable}' '${executable}' '/opt/${sanitizedProductName}/${executable}' 100 || ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'
else
    ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'
fi

# Check if user namespaces are supported by the kernel and working with a quick test:
if ! { [[ -L /proc/self/ns/user ]] && unshare --user true; }; then
    # Use SUID chrome-sandbox only on systems without user namespaces:
    chmod 4755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
else
    chmod 0755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
fi

if hash update-mime-database 2>/dev/null; then
    update-mime-database /usr/share/mime || true
fi

if hash update-desktop-database 2>/dev/null; then
    update-desktop-database /usr/share/applications || true
fi

# Install apparmor profile. (Ubuntu 24+)
if apparmor_status --enabled > /dev/null 2>&1; then
  APPARMOR_PROFILE_SOURCE='/opt/${sanitizedProductName}/resources/apparmor-profile'
  APPARMOR_PROFILE_TARGET='/etc/apparmor.d/${executable}'
  if apparmor_parser --skip-kernel-load --debug "$APPARMOR_PROFILE_SOURCE" > /dev/null 2>&1; then
    cp -f "$APPARMOR_PROFILE_SOURCE" "$APPARMOR_PROFILE_TARGET"
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --replace --write-cache --skip-read-cache "$APPARMOR_PROFILE_TARGET"
    fi
  else
    echo "Skipping the installation of the AppArmor profile as this version of AppArmor does not seem to support the bundled profile"
  fi
fi

# --- GP Reception: USB card readers ---
# The udev rule ships in the app's resources (electron-builder.yml extraResources) and is installed here, so the
# person signed in at the desk can open the reader's hidraw node (TAG+="uaccess"); see resources/README-card-readers.md.
# A practice may have added its own readers to the installed rule: an upgrade never overwrites a changed rule, it
# puts the new one beside it as .dpkg-dist (the Debian convention) for the practice to merge.
UDEV_RULE_SOURCE='/opt/${sanitizedProductName}/resources/udev/70-gp-reception-card-readers.rules'
UDEV_RULE_TARGET='/etc/udev/rules.d/70-gp-reception-card-readers.rules'
if [ -f "$UDEV_RULE_SOURCE" ]; then
  if [ ! -f "$UDEV_RULE_TARGET" ]; then
    install -m 0644 "$UDEV_RULE_SOURCE" "$UDEV_RULE_TARGET"
  elif ! cmp -s "$UDEV_RULE_SOURCE" "$UDEV_RULE_TARGET"; then
    install -m 0644 "$UDEV_RULE_SOURCE" "$UDEV_RULE_TARGET.dpkg-dist"
    echo "GP Reception: kept the changed $UDEV_RULE_TARGET; the packaged rule is in $UDEV_RULE_TARGET.dpkg-dist"
  fi
  if hash udevadm 2>/dev/null && ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; }; then
    udevadm control --reload || true
    udevadm trigger --subsystem-match=hidraw --subsystem-match=input || true
  fi
fi
