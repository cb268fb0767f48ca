import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  Content,
  Header,
  InfoCard,
  Page,
  SignInPage,
} from '@backstage/core-components';
import type { SignInPageProps } from '@backstage/core-plugin-api';
import { chooseDemoUser, DEMO_USERS, SIGN_IN_PROVIDER_KEY } from './demoUsers';

/**
 * The demo's sign-in: pick a demo user (or the default one, SECRETS_DEMO_USER), then Backstage's
 * own guest sign-in runs, as that user. Signing out (Settings) comes back here.
 */
export function DemoSignInPage(props: SignInPageProps) {
  // after a choice (or on a reload once signed in) the guest sign-in runs by itself
  const [chosen, setChosen] = useState(
    () => localStorage.getItem(SIGN_IN_PROVIDER_KEY) === 'guest',
  );
  if (chosen) return <SignInPage {...props} auto providers={['guest']} />;

  const choose = (name: string | undefined) => {
    chooseDemoUser(name);
    setChosen(true);
  };
  return (
    <Page themeId="home">
      <Header
        title="Secrets demo"
        subtitle="Sign in as one of the demo users; sign out in Settings to switch, or add ?user=<name> to any address"
      />
      <Content>
        <Grid container spacing={3} component="ul" aria-label="Demo users">
          {DEMO_USERS.map(user => (
            <Grid item xs={12} sm={6} md={3} key={user.name} component="li">
              <InfoCard
                title={user.displayName}
                subheader={`${user.name} · ${user.team}`}
                variant="fullHeight"
                actions={
                  <Button
                    color="primary"
                    variant="outlined"
                    onClick={() => choose(user.name)}
                  >
                    Sign in as {user.name}
                  </Button>
                }
              >
                <Typography variant="body2">{user.can}</Typography>
              </InfoCard>
            </Grid>
          ))}
          <Grid item xs={12} component="li">
            <InfoCard
              title="Guest"
              subheader="The demo's default user (SECRETS_DEMO_USER, alice unless set)"
              actions={
                <Button
                  color="primary"
                  variant="outlined"
                  onClick={() => choose(undefined)}
                >
                  Enter
                </Button>
              }
            >
              <Typography variant="body2">
                Signs in as the user the demo was started with.
              </Typography>
            </InfoCard>
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
