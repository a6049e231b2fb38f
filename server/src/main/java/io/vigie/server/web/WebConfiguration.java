package io.vigie.server.web;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * Spring MVC settings shared by every feature: French by default with English on request
 * ({@code ?lang=en}, remembered in a cookie), and the tenant isolation interceptor.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    /** Languages offered; the first is the default. */
    static final List<Locale> LANGUAGES = List.of(Locale.FRENCH, Locale.ENGLISH);

    private final List<TenantOwnership> ownerships;

    WebConfiguration(List<TenantOwnership> ownerships) {
        this.ownerships = ownerships;
    }

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("vigie-lang");
        resolver.setDefaultLocale(Locale.FRENCH);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setDefaultLocaleFunction(request -> Locale.FRENCH);
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor locale = new LocaleChangeInterceptor() {
            @Override
            protected Locale parseLocaleValue(String value) {
                Locale asked = super.parseLocaleValue(value);
                // Only the offered languages; anything else falls back to the default (French).
                return asked != null && LANGUAGES.contains(Locale.of(asked.getLanguage())) ? Locale.of(asked.getLanguage()) : null;
            }
        };
        locale.setParamName("lang");
        locale.setIgnoreInvalidLocale(true);
        registry.addInterceptor(locale);
        registry.addInterceptor(new TenantAccessInterceptor(ownerships));
    }
}
