import { LightningElement, api } from 'lwc';

/**
 * Preview stand-in for the theme's header (forceCommunity:themeHeaderCompact) and what the site places
 * in it: the navigation menu (forceCommunity:themeNav, items from the site's NavigationMenu) and the
 * profile menu (forceCommunity:customizableUserProfileMenu), whose Sign out goes to the site's logout
 * URL as the platform's does. The badge marks the page as a preview with fake data.
 */
export default class Header extends LightningElement {
  @api siteName;
  @api menu = [];
  @api showNav = false;
  @api showProfileMenu = false;
  @api currentPath = '/';

  get items() {
    return (this.menu || []).map((item, i) => {
      const href = `/s${item.target.startsWith('/') ? item.target : `/${item.target}`}`;
      return {
        key: `${i}-${item.target}`,
        label: item.label,
        href,
        current: item.target === this.currentPath ? 'page' : undefined
      };
    });
  }

  handleSignOut() {
    window.location.assign('/secur/logout.jsp');
  }
}
